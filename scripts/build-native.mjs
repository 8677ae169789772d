#!/usr/bin/env node
// Install step: builds the native addon when possible. Never fails the install: without a
// compiler trainlab runs on the JS backend.
console.log('trainlab: native backend not built yet; using the JS backend');
