/** "532 B", "14 KB", "3.2 MB": a file's size as people read it. */
export function fileSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** "PDF", "PNG image", "ZIP": the kind of a file from its type (and name), in a word or two. */
export function fileKind(contentType: string, filename: string): string {
  const [family, sub = ''] = contentType.split(';')[0].split('/');
  if (family === 'image') return `${sub.replace('svg+xml', 'SVG').replace('jpeg', 'JPEG').toUpperCase()} image`;
  if (sub === 'pdf') return 'PDF';
  if (family === 'text') return 'Text';
  const extension = /\.([a-z0-9]{1,8})$/i.exec(filename)?.[1];
  return extension ? extension.toUpperCase() : 'File';
}
