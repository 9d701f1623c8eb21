// development server on loopback and a named API host
const url = process.env.DEV ? 'http://127.0.0.1:3000/api' : 'https://api.example.com/v1';
module.exports = url;
