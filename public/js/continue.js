// Follows the page's one link straight away; without scripts the person clicks it themselves.
'use strict';
(function () {
  var link = document.getElementById('mfa-continue');
  if (link) window.location.assign(link.href);
})();
