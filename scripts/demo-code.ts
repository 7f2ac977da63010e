import { generate } from 'otplib';
import { DEMO_TOTP_SECRET, DEMO_TOTP_USERNAME } from '../src/demo/demo-authenticator.js';

/**
 * `npm run demo:code`: the current code of the demo authenticator app, for a walkthrough without a phone.
 * Authsignal accepts each code once, so a second sign-in within 30 seconds needs the next one.
 */
const seconds = Math.floor(Date.now() / 1000);
const code = await generate({ secret: DEMO_TOTP_SECRET });
console.log(`${DEMO_TOTP_USERNAME}'s code: ${code} (valid for about ${30 - (seconds % 30)} more seconds)`);
