# SPDX-License-Identifier: MIT
import yaml


def read_config(text):
    return yaml.load(text)  # expect: py-yaml-load


def read_all(text):
    return list(yaml.load_all(text, Loader=yaml.Loader))  # expect: py-yaml-load
