// The implementation is plain JavaScript shared with the server's helper thread (argmax.mjs).
export { argmax } from './argmax.mjs';
