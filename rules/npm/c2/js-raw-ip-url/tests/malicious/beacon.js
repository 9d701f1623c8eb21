// defanged fixture: phone home to a documentation IP
const http = require('http');
http.get('http://198.51.100.73:8000/6202033', () => {});
