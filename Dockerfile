# The kappa image: `docker compose up` builds it (see docker-compose.yml and the README).
# Build stage: the .NET 10 SDK restores from the public NuGet registry, so librdkafka.redist is the official
# package; the repo-local feed that scripts/bootstrap.sh fills on machines without it stays empty here.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN mkdir -p .build/feed \
 && dotnet publish src/Cli/Kappa.Cli.csproj -c Release -o /app --nologo

# Runtime stage: ASP.NET Core runtime, RocksDB from the distribution, curl for the health checks.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update \
 && apt-get install -y --no-install-recommends librocksdb-dev curl \
 && rm -rf /var/lib/apt/lists/*
# The runtime settings of scripts/runtime.env (why each: there), as ./kappa sets them.
ENV DOTNET_GCgen0size=0x2000000
ENV DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1
WORKDIR /app
COPY --from=build /app .
RUN mkdir -p /data
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["dotnet", "/app/kappa.dll"]
CMD ["run", "--data-dir", "/data", "--http", "http://0.0.0.0:8080"]
