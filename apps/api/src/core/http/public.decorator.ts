import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'pneumatic:isPublic';

/** Marks a route as open to anonymous callers; every other route needs a valid access token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
