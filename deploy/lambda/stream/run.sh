#!/bin/sh
# Started by the AWS Lambda Web Adapter (AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap): the packaged
# jar as it runs anywhere, its heap from the function's memory.
exec java -XX:MaxRAMPercentage=50 -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -jar "$(dirname "$0")/quarkus-run.jar"
