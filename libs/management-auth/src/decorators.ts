import { applyDecorators, SetMetadata } from '@nestjs/common';

export const PUBLIC_KEY = 'gatehouse:public';
export const SCOPES_KEY = 'gatehouse:scopes';

/** Opt a route out of the global Management API guard (discovery, /oauth/token, health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * A Management API route: a valid tenant token is required and it must carry any one of `scopes`
 * (Auth0's any-of rule).
 */
export const Scopes = (...scopes: string[]) => applyDecorators(SetMetadata(SCOPES_KEY, scopes));
