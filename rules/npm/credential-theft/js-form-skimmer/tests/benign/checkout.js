// a checkout form that validates card fields before submitting to its own API
const form = document.querySelector('#checkout');
form.addEventListener('submit', (e) => {
  const number = form.elements['cardnumber'].value.replace(/\s/g, '');
  if (!/^\d{12,19}$/.test(number)) { e.preventDefault(); alert('Check the card number'); }
});
