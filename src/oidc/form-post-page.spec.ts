import { describe, expect, it } from '@jest/globals';
import { postedForm } from './form-post-page.js';

/** The page oidc-provider 9 draws for response_mode=form_post, with its escaping. */
const providerPage = `<!DOCTYPE html>
<html>
<head><title>Submitting Callback</title><script>document.forms[0].submit()</script></head>
<body>
  <form method="post" action="https://app.example/callback?a=1&amp;b=2">
    <input type="hidden" name="code" value="abc-123"/>
<input type="hidden" name="state" value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;&amp;&#39;"/>
<input type="hidden" name="iss" value="https://auth.example"/>
    <noscript><button autofocus type="submit">Continue</button></noscript>
  </form>
</body>
</html>`;

describe(postedForm.name, () => {
  it('reads back the action and the hidden fields, unescaped, for our view to escape again', () => {
    expect(postedForm(providerPage)).toEqual({
      action: 'https://app.example/callback?a=1&b=2',
      fields: [
        { name: 'code', value: 'abc-123' },
        { name: 'state', value: `"><script>x</script>&'` },
        { name: 'iss', value: 'https://auth.example' },
      ],
    });
  });

  it('finds nothing in a page that is not the provider’s form', () => {
    expect(postedForm('<html><body><h1>Sign out?</h1></body></html>')).toBeUndefined();
  });
});
