import { createContext, useContext, type HTMLAttributes } from 'react';

/** Level of the monitor's own title; section headings inside use the next level. */
export const HeadingLevelContext = createContext<2 | 3 | 4>(2);

export function SectionHeading(props: HTMLAttributes<HTMLHeadingElement>) {
  const level = useContext(HeadingLevelContext) + 1;
  const Tag = `h${Math.min(6, level)}` as 'h3';
  return <Tag className="sk-monitor__heading" {...props} />;
}
