// SPDX-License-Identifier: MIT
const MAPS_KEY = process.env.MAPS_KEY;
const STRIPE_TEST = "sk_test_placeholder";
module.exports = { MAPS_KEY, STRIPE_TEST };
