// perfgate-plugin-example: registers the profile `Niced` and the test `dd-write` (plugin API version 1).
import { createDdWrite } from './dd-write.js';
import { createNiced } from './niced.js';

/** @type {import('perfgate').Plugin} */
const plugin = {
  name: 'example',
  apiVersion: 1,
  profiles: { Niced: (options) => createNiced(options) },
  workloads: { 'dd-write': (options) => createDdWrite(options) },
};

export default plugin;
