// Defanged: the Function constructor obtained through typeof, then called.
function run(body) {
  var f = this[(typeof(this.Buffer.from)).charAt(0).toUpperCase() + (typeof(this.Buffer.from)).slice(1)];
  var o = new f(body);
  return o;
}
module.exports = run;
