import { TestBed } from '@angular/core/testing';
import type { Attachment } from '@pneumatic/contracts';
import { AttachmentList } from './attachment-list';
import { fileKind, fileSize } from './file-size';

const image: Attachment = {
  id: 'a1',
  filename: 'holiday.png',
  content_type: 'image/png',
  size: 123_456,
  width: 1280,
  height: 640,
  url: '/attachments/a1?expires=1&signature=s',
  thumbnail_url: '/attachments/a1/thumbnail?expires=1&signature=t',
};
const pdf: Attachment = {
  ...image,
  id: 'a2',
  filename: 'plan.pdf',
  content_type: 'application/pdf',
  size: 900,
  width: null,
  height: null,
  thumbnail_url: null,
};

describe('AttachmentList', () => {
  it('shows an image as its thumbnail, sized before it loads, that asks to be viewed; a file as a card to download', () => {
    const fixture = TestBed.createComponent(AttachmentList);
    fixture.componentRef.setInput('attachments', [image, pdf]);
    const viewed: Attachment[] = [];
    fixture.componentInstance.view.subscribe((file) => viewed.push(file));
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    const thumbnail = element.querySelector('button img') as HTMLImageElement;
    expect([thumbnail.getAttribute('src'), thumbnail.getAttribute('width'), thumbnail.getAttribute('height')]).toEqual([
      image.thumbnail_url,
      '320',
      '160',
    ]);
    (element.querySelector('button') as HTMLButtonElement).click();
    expect(viewed).toEqual([image]);
    const card = element.querySelector('a.card') as HTMLAnchorElement;
    expect([card.getAttribute('href'), card.getAttribute('download')]).toEqual([pdf.url, 'plan.pdf']);
    expect([card.querySelector('.name')?.textContent, card.querySelector('.facts')?.textContent]).toEqual(['plan.pdf', 'PDF · 900 B']);
  });
});

describe('fileSize and fileKind', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1500, '1.5 KB'],
    [123_456, '123 KB'],
    [25 * 1024 * 1024, '26 MB'],
  ])('%d bytes read as %s', (bytes, text) => expect(fileSize(bytes)).toBe(text));

  it('names the kind of a file by its type, else its extension', () => {
    expect(fileKind('image/jpeg', 'a.jpg')).toBe('JPEG image');
    expect(fileKind('image/svg+xml', 'a.svg')).toBe('SVG image');
    expect(fileKind('application/pdf', 'a.pdf')).toBe('PDF');
    expect(fileKind('text/plain; charset=utf-8', 'a.txt')).toBe('Text');
    expect(fileKind('application/octet-stream', 'archive.zip')).toBe('ZIP');
    expect(fileKind('application/octet-stream', 'noext')).toBe('File');
  });
});
