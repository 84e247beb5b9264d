// The GitHub Actions client of `wheels-repo build` and `download` (issue #12), in two modules: runs
// (dispatch, find, watch) and the files they leave (artifacts, release assets).
export { dispatchWorkflow, findDispatchedRun, getRun, RunWatcher, runsWithTitle } from './actions-runs.js';
export type { Job, Run } from './actions-runs.js';
export { downloadArtifact, downloadReleaseAsset, listArtifacts, releaseAssets } from './actions-artifacts.js';
export type { Artifact, DownloadOptions, ReleaseAsset } from './actions-artifacts.js';
