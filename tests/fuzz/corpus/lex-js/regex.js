const re = /ab+c/gi, d = a / b / c, e = (x) / 2, f = a++ / 2;
if (/^[\/\]]+$/.test(s)) { return /x/ }
const g = typeof /re/, h = [/a/, /[/]/u], i = x.replace(/\\/g, '/') / 1;
let j = a
/b/g;
var k = 10 /* div */ / 2, l = {} / 1, m = 1 </div/ 2;
