// SPDX-License-Identifier: MIT
const MAPS_KEY = "AIzas1VOqg6YYZYn9ZhyiA4uoRgnatmUdjAWtGS"; // expect: secret-api-key
const STRIPE = "sk_live_MxEhh2FDEEtfjgVvVqE1SkHb"; // expect: secret-api-key
module.exports = { MAPS_KEY, STRIPE };
