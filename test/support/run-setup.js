/**
 * Jest globalSetup of every suite: gives the run its own root folder (test-run.js) before any test
 * file starts, so that the workers and everything they start inherit it.
 */
"use strict";
const { startRun } = require("./test-run");

module.exports = async function runSetup() {
  startRun();
};
