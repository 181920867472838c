import { useEffect } from 'react';
import type { Decorator, Preview } from '@storybook/react-vite';
import '../src/components/styles.css';
import '../src/components/monitor/monitor.css';

type Theme = 'light' | 'dark';

/** Applies the toolbar theme to the whole preview document so the page and the components agree. */
const withTheme: Decorator = (Story, context) => {
  const theme: Theme = context.globals['theme'] === 'dark' ? 'dark' : 'light';
  useEffect(() => {
    document.documentElement.setAttribute('data-theme', theme);
  }, [theme]);
  return (
    <div
      data-theme={theme}
      style={{ background: 'var(--sk-bg)', color: 'var(--sk-fg)', padding: '1rem', minHeight: '100%', fontFamily: 'var(--sk-font)' }}
    >
      <Story />
    </div>
  );
};

const preview: Preview = {
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: 'Colour theme of the components',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true },
    // Any axe violation fails the story test.
    a11y: { test: 'error' },
  },
};

export default preview;
