// The active backend's name, for reports.
import { backend } from '../backend/index.js';

export function backendName(): string {
  return backend().name;
}
