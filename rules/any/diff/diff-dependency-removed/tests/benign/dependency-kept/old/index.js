require('ms');
