/** Injection token of the validated `ClientAppConfig`. */
export const CLIENT_APP_CONFIG = Symbol('CLIENT_APP_CONFIG');
