# SPDX-License-Identifier: MIT
import random
import secrets


def reset_token():
    return secrets.token_urlsafe(32)


def shuffle_deck(cards):
    pick = random.choice(cards)
    return pick
