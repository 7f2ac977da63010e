// "Email me a code" on the login page: takes along the username already typed in the password form, so one
// click sends the code. Without this script the button still works: the next page asks for the username.
'use strict';
(function () {
  var form = document.getElementById('email-code-form');
  var username = document.getElementById('username');
  if (!form || !username) return;
  form.addEventListener('submit', function () {
    form.elements.identifier.value = username.value.trim();
  });
})();
