'use strict';
module.exports = require('./build/Release/crc32c.node');
