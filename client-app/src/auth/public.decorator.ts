import { SetMetadata } from '@nestjs/common';
import { IS_PUBLIC_KEY } from './auth.constants.js';

/** Opts a route (or a whole controller) out of the sign-in the `AuthGuard` requires everywhere else. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
