import * as React from 'react';
import { render, screen } from '@testing-library/react';
import { expect, it } from 'vitest';

// Guards the React 18 project's aliases: the hooks, the test renderer and @testing-library/react must
// all use the same React (a mismatch throws on render), and that React must be the project's major.
it('runs on the React major its project names', (ctx) => {
  const project = ctx.task.file.projectName ?? '';
  const expected = project === 'react18' ? '18' : project === 'react19' ? '19' : undefined;
  expect(expected).toBeDefined();
  expect(React.version.split('.')[0]).toBe(expected);
  function Probe() {
    const [value] = React.useState('rendered');
    return <p>{value}</p>;
  }
  render(<Probe />);
  expect(screen.getByText('rendered')).toBeTruthy();
});
