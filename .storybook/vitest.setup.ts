import * as a11yAddonAnnotations from '@storybook/addon-a11y/preview';
import { setProjectAnnotations } from '@storybook/react-vite';
import * as projectAnnotations from './preview.js';

// Story tests get the same decorators, parameters (a11y test: 'error') and globals as the playground.
setProjectAnnotations([a11yAddonAnnotations, projectAnnotations]);
