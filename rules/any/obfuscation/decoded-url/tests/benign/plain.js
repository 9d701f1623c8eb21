// endpoint in plain text
const API = 'https://api.example.com/v1/';
module.exports = (p) => fetch(API + p);
