/*
 * Pre-built UI of the Authsignal emulator. Drives Authsignal's client API with @authsignal/browser
 * (window.authsignal, served from node_modules at /sdk/authsignal-browser.min.js), like the hosted UI does:
 * challenge with an enrolled method, or enrol a first one; then return the new token to the application,
 * by redirect (through /prebuilt/complete) or by postMessage in popup mode.
 */
(function () {
  'use strict';

  var SCREENS = {
    challenge: { PASSKEY: 'passkey-challenge', AUTHENTICATOR_APP: 'totp-challenge', EMAIL_OTP: 'email-challenge' },
    enroll: { PASSKEY: 'passkey-enroll', AUTHENTICATOR_APP: 'totp-enroll', EMAIL_OTP: 'email-enroll-address' },
  };
  var METHOD_NAMES = { PASSKEY: 'Passkey', AUTHENTICATOR_APP: 'Authenticator app', EMAIL_OTP: 'Email code' };
  var SCREEN_TEXT = {
    'choose-challenge': ['Verify it’s you', 'Choose how you want to confirm it’s you.'],
    'choose-enroll': ['Set up two-step verification', 'Choose how you want to confirm it’s you when you sign in.'],
    'passkey-challenge': ['Use your passkey', ''],
    'totp-challenge': ['Enter your code', 'Open your authenticator app to see your code.'],
    'email-challenge': ['Check your email', ''],
    'passkey-enroll': ['Create a passkey', ''],
    'totp-enroll': ['Set up your authenticator app', ''],
    'email-enroll-address': ['Set up email codes', 'We’ll send a code to this address whenever you need to verify.'],
    'email-enroll-code': ['Check your email', ''],
    settings: ['You’re verified', 'You can add another way to sign in, or finish now.'],
    done: ['You’re verified', ''],
  };
  var ERROR_MESSAGES = {
    expired_token: 'This session has expired. Go back to the application and try again.',
    invalid_token: 'This session is no longer valid. Go back to the application and try again.',
    action_not_allowed: 'This sign-in can no longer be completed. Go back to the application and start again.',
    invalid_credential: 'That passkey could not be verified. Try again, or choose another way to verify.',
    invalid_challenge: 'That attempt took too long. Please try again.',
    too_many_requests: 'Too many codes were sent. Wait a few minutes and try again.',
    insufficient_scope: 'Verify with a method you already have before adding a new one.',
  };
  var FATAL_ERRORS = { expired_token: 401, invalid_token: 401, action_not_allowed: 403 };

  var errorRoot = document.getElementById('prebuilt-error');
  var root = document.getElementById('prebuilt') || errorRoot;
  if (!root) return;
  var config = JSON.parse(root.getAttribute('data-config'));
  var popup = config.mode === 'popup';

  // ---- messages to the application (popup mode): JSON strings for events, raw objects for resizing ----
  var target = window.opener && window.opener !== window ? window.opener : window.parent !== window ? window.parent : null;
  function post(message) {
    if (!target) return;
    (config.messageOrigins || []).forEach(function (origin) {
      try {
        target.postMessage(message, origin);
      } catch (ignored) {
        // A window of another origin: postMessage only delivers to the matching one.
      }
    });
  }
  function postEvent(event, extra) {
    post(JSON.stringify(Object.assign({ event: event }, extra || {})));
  }
  if (popup) {
    var reportHeight = function () {
      post({ height: Math.ceil(document.documentElement.getBoundingClientRect().height) });
    };
    if (window.ResizeObserver) new ResizeObserver(reportHeight).observe(document.body);
    reportHeight();
    postEvent('AUTHSIGNAL_READY');
  }
  // Rendered disabled: a click before this line runs would otherwise be lost and leave the popup open.
  document.querySelectorAll('[data-do="cancel"]').forEach(function (button) {
    button.addEventListener('click', function () {
      postEvent('AUTHSIGNAL_CLOSE_POPUP');
    });
    button.disabled = false;
  });

  if (errorRoot) {
    if (popup && config.error) postEvent('AUTHSIGNAL_API_ERROR', config.error);
    return;
  }

  // ---- page state ----
  var state = {
    token: config.token,
    phase: config.flow,
    enrolled: config.enrolledMethods.slice(),
    email: config.email || '',
    screen: null,
    finished: false,
  };
  var client = new window.authsignal.Authsignal({
    tenantId: config.tenantId,
    baseUrl: config.apiUrl,
    onTokenExpired: function () {
      fatal('expired_token');
    },
  });

  var heading = document.getElementById('heading');
  var lead = document.getElementById('lead');
  var errorBox = document.getElementById('error');
  var busyBox = document.getElementById('busy');
  var backButton = document.querySelector('[data-do="back"]');

  function screenElement(name) {
    return root.querySelector('[data-screen="' + name + '"]');
  }
  function slots(name, value) {
    root.querySelectorAll('[data-slot="' + name + '"]').forEach(function (element) {
      element.textContent = value;
    });
  }
  function chooserScreen() {
    if (state.phase === 'settings') return 'settings';
    return state.phase === 'challenge' ? 'choose-challenge' : 'choose-enroll';
  }
  function choices() {
    return state.phase === 'challenge' ? state.enrolled : config.allowedMethods;
  }

  function show(name, notice) {
    state.screen = name;
    root.querySelectorAll('[data-screen]').forEach(function (element) {
      element.hidden = element.getAttribute('data-screen') !== name;
    });
    var text = SCREEN_TEXT[name] || ['', ''];
    heading.textContent = text[0];
    lead.textContent = text[1];
    lead.hidden = !text[1];
    clearError();
    if (notice) showNotice(notice);
    var isChooser = name === chooserScreen() || name === 'done';
    backButton.hidden = isChooser || (choices().length < 2 && state.phase !== 'settings');
    var input = screenElement(name).querySelector('input');
    if (input) {
      if (input.type !== 'email') input.value = '';
      input.focus();
    } else {
      heading.focus();
    }
  }

  function clearError() {
    errorBox.hidden = true;
    errorBox.className = 'alert';
    errorBox.textContent = '';
  }
  function showError(message) {
    errorBox.className = 'alert';
    errorBox.textContent = message;
    errorBox.hidden = false;
  }
  function showNotice(message) {
    errorBox.className = 'alert info';
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function busy(on, text) {
    busyBox.hidden = !on;
    slots('busy', text || 'Working…');
    root.querySelectorAll('button, input').forEach(function (element) {
      element.disabled = on || state.finished;
    });
    // Inputs cannot take focus while disabled: give it back to the current screen's first field.
    var input = !on && state.screen && screenElement(state.screen).querySelector('input');
    if (input && document.activeElement !== input) input.focus();
  }

  /** An error the page cannot recover from: say so, and tell the application in popup mode. */
  function fatal(errorCode) {
    if (state.finished) return;
    state.finished = true;
    root.querySelectorAll('[data-screen]').forEach(function (element) {
      element.hidden = true;
    });
    backButton.hidden = true;
    heading.textContent = errorCode === 'expired_token' ? 'Session expired' : 'Verification unavailable';
    lead.hidden = true;
    showError(ERROR_MESSAGES[errorCode] || 'Something went wrong. Go back to the application and try again.');
    busyBox.hidden = true;
    root.querySelectorAll('[data-do="cancel"]').forEach(function (button) {
      button.disabled = false;
      button.textContent = 'Close';
    });
    if (popup) postEvent('AUTHSIGNAL_API_ERROR', { errorCode: errorCode, statusCode: FATAL_ERRORS[errorCode] || 400 });
  }

  /** Handles an SDK result: true when it is usable, otherwise the error is shown. */
  function ok(result) {
    if (result && result.error) {
      if (FATAL_ERRORS[result.errorCode]) fatal(result.errorCode);
      else showError(ERROR_MESSAGES[result.errorCode] || result.errorDescription || result.error);
      return false;
    }
    return true;
  }

  function webauthnFailed(error) {
    var name = error && (error.name || '');
    var code = error && error.code;
    if (name === 'NotAllowedError' || code === 'ERROR_CEREMONY_ABORTED') {
      showError('The passkey request was cancelled or timed out. Try again, or choose another way to verify.');
    } else if (name === 'InvalidStateError' || code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
      showError('This device already has a passkey for your account.');
    } else {
      showError((error && error.message) || 'Passkeys are not available in this browser.');
    }
  }

  function codeRejected(reason) {
    if (reason === 'MAX_ATTEMPTS_EXCEEDED') {
      fatalWithMessage('Too many incorrect codes. Go back to the application and start again.');
      return;
    }
    showError('That code is incorrect or has expired. Check it and try again.');
    var input = screenElement(state.screen).querySelector('input');
    if (input) {
      input.value = '';
      input.focus();
    }
  }

  function fatalWithMessage(message) {
    state.finished = true;
    root.querySelectorAll('[data-screen]').forEach(function (element) {
      element.hidden = true;
    });
    backButton.hidden = true;
    heading.textContent = 'Verification failed';
    lead.hidden = true;
    showError(message);
  }

  // ---- outcomes ----
  function succeeded(token) {
    state.token = token;
    if (state.phase === 'challenge' && config.settingsAfterChallenge) {
      state.phase = 'settings';
      showSettings();
      return;
    }
    finish();
  }

  function enrolled(method, token) {
    state.token = token;
    if (state.enrolled.indexOf(method) === -1) state.enrolled.push(method);
    if (state.phase === 'settings') {
      showSettings(METHOD_NAMES[method] + ' added.');
      return;
    }
    finish();
  }

  function showSettings(notice) {
    var list = document.getElementById('enrolled-list');
    list.textContent = '';
    state.enrolled.forEach(function (method) {
      var item = document.createElement('li');
      item.textContent = METHOD_NAMES[method] || method;
      list.appendChild(item);
    });
    // One authenticator app and one email per user; passkeys can be added one per device.
    var addable = 0;
    screenElement('settings').querySelectorAll('[data-method]').forEach(function (button) {
      var method = button.getAttribute('data-method');
      var hidden = method !== 'PASSKEY' && state.enrolled.indexOf(method) !== -1;
      button.closest('li').hidden = hidden;
      if (!hidden) addable += 1;
    });
    document.getElementById('add-title').hidden = addable === 0;
    show('settings', notice);
  }

  function finish() {
    state.finished = true;
    show('done');
    busyBox.hidden = true;
    root.querySelectorAll('button, input').forEach(function (element) {
      element.disabled = true;
    });
    if (popup) {
      slots('done-message', 'Verified. You can continue in the application.');
      postEvent('AUTHSIGNAL_CLOSE_POPUP', { token: state.token });
    } else if (config.hasRedirect) {
      slots('done-message', 'Verified. Returning to the application…');
      window.location.assign('/prebuilt/complete?token=' + encodeURIComponent(state.token));
    } else {
      slots('done-message', 'Verified. You can close this window.');
    }
  }

  // ---- method flows ----
  function sdk() {
    client.setToken(state.token);
    return client;
  }

  async function run(text, work) {
    busy(true, text);
    try {
      await work();
    } catch (error) {
      webauthnFailed(error);
    } finally {
      if (!state.finished) busy(false);
    }
  }

  function openChallenge(method) {
    if (method === 'EMAIL_OTP') {
      slots('email', state.email);
      show('email-challenge');
      sendEmailChallenge();
      return;
    }
    show(SCREENS.challenge[method]);
  }

  function openEnroll(method) {
    if (method === 'AUTHENTICATOR_APP') {
      startTotpEnrolment();
      return;
    }
    if (method === 'EMAIL_OTP' && state.email) {
      sendEnrolmentCode(state.email);
      return;
    }
    show(SCREENS.enroll[method]);
  }

  function sendEmailChallenge() {
    return run('Sending a code…', async function () {
      var result = await sdk().email.challenge();
      if (ok(result)) showNotice('A new code is on its way.');
    });
  }

  function sendEnrolmentCode(email) {
    return run('Sending a code…', async function () {
      var result = await sdk().email.enroll({ email: email });
      if (!ok(result)) return;
      state.email = email;
      slots('email', email);
      show('email-enroll-code');
    });
  }

  function startTotpEnrolment() {
    return run('Preparing your setup key…', async function () {
      var result = await sdk().totp.enroll();
      if (!ok(result)) return;
      slots('secret', result.data.secret.replace(/(.{4})/g, '$1 ').trim());
      var image = document.getElementById('totp-qr');
      image.hidden = true;
      var response = await fetch('/prebuilt/qr-code', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ uri: result.data.uri }),
      });
      if (response.ok) {
        image.src = (await response.json()).dataUrl;
        image.hidden = false;
      }
      show('totp-enroll');
    });
  }

  var handlers = {
    'passkey-sign-in': function () {
      return run('Waiting for your passkey…', async function () {
        var result = await client.passkey.signIn({ token: state.token });
        if (ok(result) && result.data && result.data.isVerified) succeeded(result.data.token);
      });
    },
    'passkey-sign-up': function () {
      return run('Waiting for your device…', async function () {
        var result = await client.passkey.signUp({ token: state.token, username: config.username || undefined });
        if (ok(result) && result.data && result.data.token) enrolled('PASSKEY', result.data.token);
      });
    },
    'email-resend': sendEmailChallenge,
    'email-change': function () {
      show('email-enroll-address');
    },
    back: function () {
      if (state.phase === 'settings') showSettings();
      else show(chooserScreen());
    },
    finish: finish,
  };

  var forms = {
    'totp-verify': function (form) {
      var code = form.querySelector('input').value.trim();
      var enrolling = state.screen === 'totp-enroll';
      return run('Checking your code…', async function () {
        var result = await sdk().totp.verify({ code: code });
        if (!ok(result)) return;
        if (!result.data.isVerified) codeRejected(result.data.failureReason);
        else if (enrolling) enrolled('AUTHENTICATOR_APP', result.data.token);
        else succeeded(result.data.token);
      });
    },
    'email-verify': function (form) {
      var code = form.querySelector('input').value.trim();
      var enrolling = state.screen === 'email-enroll-code';
      return run('Checking your code…', async function () {
        var result = await sdk().email.verify({ code: code });
        if (!ok(result)) return;
        if (!result.data.isVerified) codeRejected(result.data.failureReason);
        else if (enrolling) enrolled('EMAIL_OTP', result.data.token);
        else succeeded(result.data.token);
      });
    },
    'email-enroll': function (form) {
      return sendEnrolmentCode(form.querySelector('input').value.trim());
    },
  };

  root.addEventListener('click', function (event) {
    var button = event.target.closest('button');
    if (!button || button.disabled) return;
    var method = button.getAttribute('data-method');
    if (method) {
      if (button.getAttribute('data-action') === 'challenge') openChallenge(method);
      else openEnroll(method);
      return;
    }
    var handler = handlers[button.getAttribute('data-do')];
    if (handler) handler();
  });

  root.addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target;
    var handler = forms[form.getAttribute('data-form')];
    if (handler && form.checkValidity()) handler(form);
  });

  // ---- first screen ----
  if (state.phase === 'settings') showSettings();
  else if (choices().length === 1) (state.phase === 'challenge' ? openChallenge : openEnroll)(choices()[0]);
  else show(chooserScreen());
})();
