import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiResponse } from '@nestjs/swagger';
import { ApiProblems } from '../../core/http/api-problems';

const BINARY = { schema: { type: 'string', format: 'binary' } } as const;
const header = (description: string, example: string) => ({ description, schema: { type: 'string', example } });
const DOWNLOAD_HEADERS = {
  ETag: header('A strong validator of the bytes', '"9f86d081884c7d659a2feaa0c55ad015"'),
  'Content-Disposition': header('`inline` for PNG, JPEG, GIF and WebP; `attachment` for anything else', 'inline; filename="cat.png"'),
  'X-Content-Type-Options': header('Always `nosniff`', 'nosniff'),
};

/** The answers of a download route: the bytes (200/206), not modified (304), a range beyond the file (416), 404. */
export function ApiDownload(what: string): MethodDecorator {
  return applyDecorators(
    ApiHeader({ name: 'Range', required: false, description: 'One byte range, e.g. `bytes=0-1023` (206)' }),
    ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag from an earlier answer (304)' }),
    ApiOkResponse({ description: what, content: { '*/*': BINARY }, headers: DOWNLOAD_HEADERS }),
    ApiResponse({ status: 206, description: 'The requested range (`Content-Range`)', content: { '*/*': BINARY }, headers: DOWNLOAD_HEADERS }),
    ApiResponse({ status: 304, description: 'Not modified: the If-None-Match ETag is current' }),
    ApiResponse({ status: 416, description: 'The range lies beyond the file (`Content-Range: bytes */size`)' }),
    ApiProblems(404),
  );
}

/** A multipart body with one `file` part. */
export const FILE_BODY = {
  required: true,
  schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  examples: { image: { summary: 'One file in the part `file`', value: { file: '(the bytes of holiday.png)' } } },
} as const;
