import { ArgumentMetadata } from '@nestjs/common';
import { ArrayMaxSize, IsString, IsUUID, MaxLength } from 'class-validator';
import { ValidationFailedError } from '../errors';
import { createValidationPipe } from './validation';

class Sample {
  @IsString()
  @MaxLength(5)
  name!: string;

  @IsUUID('all', { each: true })
  @ArrayMaxSize(2)
  ids!: string[];
}

const metadata: ArgumentMetadata = { type: 'body', metatype: Sample };

async function failure(value: unknown): Promise<ValidationFailedError> {
  try {
    await createValidationPipe().transform(value, metadata);
  } catch (error) {
    if (error instanceof ValidationFailedError) return error;
    throw error;
  }
  throw new Error('expected validation to fail');
}

describe('the validation pipe', () => {
  it('accepts a valid body', async () => {
    const value = await createValidationPipe().transform({ name: 'ok', ids: [] }, metadata);
    expect(value).toBeInstanceOf(Sample);
  });

  it('lists each bad field with its path', async () => {
    const error = await failure({ name: 'too long', ids: ['nope'] });
    expect(error.errors).toEqual(
      expect.arrayContaining([
        { field: 'name', message: 'must be shorter than or equal to 5 characters' },
        { field: 'ids', message: 'each value in ids must be a UUID' },
      ]),
    );
  });

  it('rejects unknown fields, including prototype-pollution keys', async () => {
    const error = await failure(JSON.parse('{"name":"a","ids":[],"role":"admin","__proto__":{"polluted":true}}'));
    expect(error.errors).toEqual(expect.arrayContaining([{ field: 'role', message: 'is not an allowed field' }]));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each([null, [], 'text', 42])('rejects %j as a body', async (body) => {
    const error = await failure(body);
    expect(error.status).toBe(400);
  });
});
