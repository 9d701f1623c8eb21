require('../');
