// xterm's colours and font, taken from the page's CSS so a live terminal looks like the static transcript it
// replaces, in the light and the dark scheme alike.
import type { ITheme } from '@xterm/xterm';

// ANSI palettes chosen for contrast on the console backgrounds of site.css (light: #f6f8fa, dark: #0d1117).
const LIGHT = {
  black: '#24292f', red: '#b42318', green: '#116329', yellow: '#7a4d00', blue: '#0550ae', magenta: '#8250df', cyan: '#1b7c83', white: '#6e7781',
  brightBlack: '#57606a', brightRed: '#a40e26', brightGreen: '#1a7f37', brightYellow: '#633c01', brightBlue: '#0969da', brightMagenta: '#a475f9', brightCyan: '#3192aa', brightWhite: '#8c959f',
} satisfies ITheme;
const DARK = {
  black: '#484f58', red: '#ff7b72', green: '#3fb950', yellow: '#d29922', blue: '#58a6ff', magenta: '#bc8cff', cyan: '#39c5cf', white: '#b1bac4',
  brightBlack: '#6e7681', brightRed: '#ffa198', brightGreen: '#56d364', brightYellow: '#e3b341', brightBlue: '#79c0ff', brightMagenta: '#d2a8ff', brightCyan: '#56d4dd', brightWhite: '#f0f6fc',
} satisfies ITheme;

export const darkScheme = () => matchMedia('(prefers-color-scheme: dark)');

/** The terminal theme for a console element (reads its --console-* custom properties). */
export function themeFor(el: Element): ITheme {
  const css = getComputedStyle(el);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    ...(darkScheme().matches ? DARK : LIGHT),
    background: v('--console-bg'),
    foreground: v('--console-fg'),
    cursor: v('--console-prompt'),
    cursorAccent: v('--console-bg'),
    selectionBackground: v('--console-selection'),
  };
}

/** Font family and size of the static transcript (`pre` inside the console). */
export function fontFor(el: Element): { fontFamily: string; fontSize: number } {
  const css = getComputedStyle(el);
  return { fontFamily: css.fontFamily, fontSize: parseFloat(css.fontSize) || 14 };
}
