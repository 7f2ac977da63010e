// Passkey sign-in on the login page: browser autofill on the username field, and a button for browsers
// without autofill. Every failure leaves the password form as it was; only a passkey the person chose
// and Authsignal verified submits the hidden form, whose CSRF token binds it to this page.
'use strict';
(function () {
  var option = document.getElementById('passkey-option');
  var form = document.getElementById('passkey-form');
  var button = document.getElementById('passkey-button');
  var status = document.getElementById('passkey-status');
  if (!option || !form || !window.PublicKeyCredential || !window.authsignal) return;

  var client = new window.authsignal.Authsignal({ tenantId: form.dataset.tenantId, baseUrl: form.dataset.baseUrl });
  var action = form.dataset.action;
  var submitted = false;

  function say(message) {
    status.textContent = message;
  }

  function continueWith(result) {
    var token = result && result.data && result.data.isVerified && result.data.token;
    if (!token || submitted) return false;
    submitted = true;
    say('Signing you in…');
    form.elements.token.value = token;
    form.submit();
    return true;
  }

  // Conditional mediation: the browser offers passkeys in the username field's autofill list. When it has
  // none, or the person ignores the list, the request ends quietly.
  function startAutofill() {
    var available = window.PublicKeyCredential.isConditionalMediationAvailable;
    if (!available) return;
    available.call(window.PublicKeyCredential).then(function (supported) {
      if (!supported || submitted) return;
      client.passkey.signIn({ action: action, autofill: true }).then(continueWith).catch(function () {});
    }).catch(function () {});
  }

  button.addEventListener('click', function () {
    say('');
    button.disabled = true;
    client.passkey
      .signIn({ action: action })
      .then(function (result) {
        if (!continueWith(result)) say('That passkey could not be used. Try again, or sign in with your password.');
      })
      .catch(function (error) {
        var cancelled = error && (error.name === 'NotAllowedError' || error.name === 'AbortError');
        say(cancelled ? 'Passkey sign-in was cancelled. You can try again or use your password.' : 'Passkeys are not available right now. Sign in with your password.');
      })
      .then(function () {
        if (submitted) return;
        button.disabled = false;
        startAutofill();
      });
  });

  option.hidden = false;
  startAutofill();
})();
