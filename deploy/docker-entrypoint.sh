#!/bin/sh
# Starts the service. A Gemma 2 folder mounted at $GEMMA_STREAMS_MODEL_MOUNT (config.json present) is the model;
# otherwise, unless GEMMA_STREAMS_MODEL_DIR is set, the service runs its demo model. Extra arguments
# (e.g. --server.port=8081) are passed to the service.
set -eu
mount="${GEMMA_STREAMS_MODEL_MOUNT:-/models}"
if [ -z "${GEMMA_STREAMS_MODEL_DIR:-}" ]; then
  if [ -f "$mount/config.json" ]; then
    export GEMMA_STREAMS_MODEL_DIR="$mount"
    echo "gemma-streams: model from $mount" >&2
  else
    echo "gemma-streams: no model at $mount (no config.json): running the demo model, whose text is meaningless" >&2
  fi
fi
# The instance id for static group membership: the pod name (Kubernetes) or the container's host name.
if [ -z "${GEMMA_STREAMS_STREAMS_INSTANCE_ID:-}" ]; then
  export GEMMA_STREAMS_STREAMS_INSTANCE_ID="${POD_NAME:-${HOSTNAME:-gemma-streams}}"
fi
exec java -jar /opt/gemma-streams/service.jar "$@"
