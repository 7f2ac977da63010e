/** Metadata key set by `@Public()`. */
export const IS_PUBLIC_KEY = 'client-app:public';
