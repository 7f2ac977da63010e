// The client app's passkey page: "Add a passkey" with @authsignal/browser, which /vendor/authsignal-browser.min.js
// (loaded just before this file, from our own origin) puts on window.authsignal. Plain script: no build step, no
// inline code (the CSP forbids it); everything it needs comes from data- attributes on #passkey-enrolment.
(function () {
  'use strict';

  var root = document.getElementById('passkey-enrolment');
  if (!root) return;
  var button = document.getElementById('add-passkey');
  var status = document.getElementById('passkey-status');
  var unsupported = document.getElementById('passkey-unsupported');

  // Enrolment tokens live 10 minutes; fetch a fresh one a little before that rather than fail at the server.
  var TOKEN_REFRESH_AFTER_MS = 9 * 60 * 1000;

  if (typeof window.PublicKeyCredential === 'undefined' || !window.authsignal) {
    button.hidden = true;
    unsupported.hidden = false;
    return;
  }

  var settings = root.dataset;
  var token = settings.token;
  var tokenReceivedAt = Date.now();
  var client = new window.authsignal.Authsignal({ tenantId: settings.tenantId, baseUrl: settings.baseUrl });

  /** Thrown when our own server will not mint a token; `code` is its JSON `error`. */
  function TokenRefreshError(code) {
    this.name = 'TokenRefreshError';
    this.code = code;
  }

  function show(kind, text, link) {
    status.textContent = '';
    status.className = 'passkey-status alert ' + kind;
    status.appendChild(document.createTextNode(text));
    if (link) {
      var anchor = document.createElement('a');
      anchor.href = link.href;
      anchor.textContent = link.label;
      status.appendChild(document.createTextNode(' '));
      status.appendChild(anchor);
    }
  }

  async function refreshToken() {
    var response;
    try {
      response = await fetch(settings.tokenUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ _csrf: settings.csrf }),
      });
    } catch (networkError) {
      throw new TokenRefreshError('network_error');
    }
    var body = await response.json().catch(function () {
      return {};
    });
    if (!response.ok || typeof body.token !== 'string') throw new TokenRefreshError(body.error || 'unavailable');
    token = body.token;
    tokenReceivedAt = Date.now();
  }

  function signUp() {
    return client.passkey.signUp({ token: token, username: settings.username, displayName: settings.displayName });
  }

  /** The WebAuthn error name, whether the SDK rethrew the browser's error or wrapped it. */
  function webAuthnErrorName(error) {
    if (!error) return '';
    if (error.name && error.name !== 'Error' && error.name !== 'WebAuthnError') return error.name;
    return (error.cause && error.cause.name) || error.name || '';
  }

  function explainFailure(error) {
    if (error instanceof TokenRefreshError) {
      if (error.code === 'reauthentication_required' || error.code === 'sign_in_required') {
        show('error', 'For your security, adding a passkey needs a recent sign-in.', { href: '/passkeys', label: 'Sign in again' });
      } else if (error.code === 'invalid_csrf_token') {
        show('error', 'This page has expired.', { href: '/passkeys', label: 'Reload it' });
      } else {
        show('error', 'The passkey service cannot be reached right now. Please try again in a moment.');
      }
      return;
    }
    var name = webAuthnErrorName(error);
    if (name === 'NotAllowedError' || name === 'AbortError') {
      show('info', 'No passkey was created. You can try again whenever you are ready.');
    } else if (name === 'InvalidStateError') {
      show('info', 'This device already has a passkey for your account.');
    } else {
      show('error', 'Your passkey could not be added. Please try again.');
    }
  }

  button.addEventListener('click', async function () {
    button.disabled = true;
    show('info', 'Follow your browser’s prompt to create a passkey…');
    try {
      if (Date.now() - tokenReceivedAt > TOKEN_REFRESH_AFTER_MS) await refreshToken();
      var result = await signUp();
      if (result && result.errorCode === 'expired_token') {
        // The token ran out while the page was open: one fresh token, one retry.
        await refreshToken();
        result = await signUp();
      }
      if (!result || result.error || result.errorCode || !result.data) {
        show('error', 'Your passkey could not be added. Please try again.');
        return;
      }
      show('success', 'Your passkey was added.');
      // Reload to list it; the server shows a fixed success message for this flag.
      window.location.assign('/passkeys?notice=added');
    } catch (error) {
      explainFailure(error);
    } finally {
      button.disabled = false;
    }
  });
})();
