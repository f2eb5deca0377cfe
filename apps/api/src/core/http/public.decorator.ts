import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'pneumatic:isPublic';

/** Marks a route as open to anonymous callers; every other route needs a valid access token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

export const IS_OPTIONAL_AUTH = 'pneumatic:isOptionalAuth';

/**
 * A route open to callers without a token (a signed link stands in for one), that still checks a token when one is
 * sent: a bad one is 401 as anywhere, a good one sets the caller.
 */
export const OptionalAuth = (): MethodDecorator & ClassDecorator => SetMetadata(IS_OPTIONAL_AUTH, true);
