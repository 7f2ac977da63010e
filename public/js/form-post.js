// Posts the page's one form straight away (response_mode=form_post, sign-out); without scripts the person presses Continue.
'use strict';
(function () {
  var form = document.getElementById('form-post');
  if (form) form.submit();
})();
