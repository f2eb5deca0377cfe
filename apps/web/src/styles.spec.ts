import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PERSON_HUES } from '@pneumatic/web/ui';

/**
 * Colour contrast of the design tokens, by hand rather than by axe (which cannot decide it behind a dialog's
 * backdrop, and for colours it does not parse): WCAG 2.2 AA, 4.5:1 for text, 3:1 for the edges of controls, in both
 * themes, for every pair the app draws.
 */
const css = readFileSync(join(__dirname, 'styles.css'), 'utf8');

function tokens(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  const body = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/--pc-([\w-]+):\s*([^;]+);/g)].map((match) => [match[1], match[2].trim()]));
}

const light = tokens(':root');
const themes = { light, dark: { ...light, ...tokens(":root[data-theme='dark']") } };

type Linear = readonly [number, number, number];

const fromHex = (hex: string): Linear => {
  const channel = (at: number) => {
    const value = parseInt(hex.slice(at, at + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return [channel(1), channel(3), channel(5)];
};

/** OKLCH to linear sRGB (Björn Ottosson's matrices). */
function fromOklch(lightness: number, chroma: number, hue: number): Linear {
  const a = chroma * Math.cos((hue * Math.PI) / 180);
  const b = chroma * Math.sin((hue * Math.PI) / 180);
  const l = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (lightness - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ];
}

const luminance = ([r, g, b]: Linear) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
const contrast = (a: Linear, b: Linear) => {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high + 0.05) / (low + 0.05);
};

/** Text colour → the backgrounds it is drawn on. */
const TEXT_ON: Record<string, readonly string[]> = {
  text: ['bg', 'surface', 'surface-2', 'selected', 'own-bubble'],
  muted: ['bg', 'surface', 'surface-2', 'selected', 'own-bubble'],
  accent: ['bg', 'surface', 'surface-2', 'selected', 'own-bubble'],
  'accent-contrast': ['accent'],
  danger: ['bg', 'surface', 'danger-surface'],
  ok: ['bg', 'surface', 'surface-2'],
  'warn-text': ['bg', 'surface', 'warn-surface'],
};

describe.each(Object.entries(themes))('the %s theme', (_, theme) => {
  const hex = (name: string) => fromHex(theme[name]);
  const person = (name: string, hue: number) => {
    const [lightness, chroma] = theme[name].split(/\s+/).map(Number);
    return fromOklch(lightness, chroma, hue);
  };

  for (const [text, backgrounds] of Object.entries(TEXT_ON)) {
    it.each(backgrounds)(`writes --pc-${text} on --pc-%s at 4.5:1 or more`, (background) => {
      expect(contrast(hex(text), hex(background))).toBeGreaterThanOrEqual(4.5);
    });
  }

  it.each(['bg', 'surface', 'surface-2'])('draws the edges of fields and buttons at 3:1 or more on --pc-%s', (background) => {
    expect(contrast(hex('control-border'), hex(background))).toBeGreaterThanOrEqual(3);
  });

  it.each(PERSON_HUES)('writes names, and avatar initials, in hue %d at 4.5:1 or more, within sRGB', (hue) => {
    for (const colour of [person('person-name', hue), person('person-avatar', hue), person('person-avatar-text', hue)]) {
      for (const channel of colour) {
        expect(channel).toBeGreaterThanOrEqual(-1e-4);
        expect(channel).toBeLessThanOrEqual(1 + 1e-4);
      }
    }
    for (const background of ['bg', 'surface', 'surface-2']) {
      expect(contrast(person('person-name', hue), hex(background))).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrast(person('person-avatar-text', hue), person('person-avatar', hue))).toBeGreaterThanOrEqual(4.5);
  });
});
