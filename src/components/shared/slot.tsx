import {
  Children,
  cloneElement,
  forwardRef,
  isValidElement,
  type HTMLAttributes,
  type ReactElement,
  type ReactNode,
  type Ref,
  type RefCallback,
} from 'react';

/** Calls every ref (callback or object) with the same node, so a part and its child both see it. */
export function composeRefs<T>(...refs: Array<Ref<T> | undefined>): RefCallback<T> {
  return (node: T | null) => {
    for (const ref of refs) {
      if (typeof ref === 'function') ref(node);
      else if (ref !== null && ref !== undefined) (ref as { current: T | null }).current = node;
    }
  };
}

type AnyProps = Record<string, unknown>;

/**
 * Merges the part's props with the child's. The child wins for plain values (it was written last by
 * the user), handlers run child first then part, classNames and styles are combined.
 */
export function mergeProps(slotProps: AnyProps, childProps: AnyProps): AnyProps {
  const merged: AnyProps = { ...slotProps, ...childProps };
  for (const key of Object.keys(childProps)) {
    const fromSlot = slotProps[key];
    const fromChild = childProps[key];
    if (/^on[A-Z]/.test(key) && typeof fromSlot === 'function' && typeof fromChild === 'function') {
      merged[key] = (...args: unknown[]) => {
        (fromChild as (...a: unknown[]) => unknown)(...args);
        (fromSlot as (...a: unknown[]) => unknown)(...args);
      };
    } else if (key === 'className' && typeof fromSlot === 'string' && typeof fromChild === 'string') {
      merged[key] = `${fromSlot} ${fromChild}`;
    } else if (key === 'style' && typeof fromSlot === 'object' && typeof fromChild === 'object') {
      merged[key] = { ...(fromSlot as object), ...(fromChild as object) };
    }
  }
  return merged;
}

/** React 19 keeps `ref` in props; React 18 keeps it on the element. Read whichever exists. */
function childRef(child: ReactElement): Ref<unknown> | undefined {
  const fromProps = (child.props as { ref?: Ref<unknown> }).ref;
  if (fromProps !== undefined) return fromProps;
  return (child as unknown as { ref?: Ref<unknown> }).ref ?? undefined;
}

export interface SlotProps extends HTMLAttributes<HTMLElement> {
  children?: ReactNode;
}

/** `asChild` support: renders the single child element with the part's props and ref merged onto it. */
export const Slot = forwardRef<HTMLElement, SlotProps>(function Slot({ children, ...slotProps }, forwardedRef) {
  const child = Children.only(children);
  if (!isValidElement(child)) return null;
  const props = mergeProps(slotProps as AnyProps, child.props as AnyProps);
  props['ref'] = composeRefs(forwardedRef, childRef(child));
  return cloneElement(child, props);
});

/**
 * For parts that supply their own content (text, a message): with `asChild` the user's element is
 * the host and the part's content goes inside it (unless the user gave it content of its own);
 * otherwise the content goes inside the default tag.
 */
export function withContent(asChild: boolean | undefined, children: ReactNode, content: ReactNode): ReactNode {
  if (!asChild || !isValidElement(children)) return content;
  const own = (children.props as { children?: ReactNode }).children;
  return own === undefined ? cloneElement(children, undefined, content) : children;
}
