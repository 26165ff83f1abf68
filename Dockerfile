# syntax=docker/dockerfile:1
# Multi-stage build; the repository root is the build context.
#   docker build -t aks-upgrade-dashboard .
#   docker run -p 8080:8080 -v aks-dashboard-data:/data aks-upgrade-dashboard

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /repo
# Restore first, from the project files only, so the package layer is cached across source edits.
COPY src/Directory.Build.props src/Directory.Packages.props src/
COPY src/AksUpgradeDashboard/AksUpgradeDashboard.csproj src/AksUpgradeDashboard/
RUN dotnet restore src/AksUpgradeDashboard/AksUpgradeDashboard.csproj
COPY . .
RUN dotnet publish src/AksUpgradeDashboard/AksUpgradeDashboard.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# Application data (SQLite) lives on a volume, owned by the non-root app user the base image provides. Several replicas
# use PostgreSQL instead: -e Database__Provider=PostgreSql -e ConnectionStrings__Dashboard="Host=...;Database=...;..."
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
# Behind an ingress or reverse proxy that terminates TLS: its X-Forwarded-Proto and X-Forwarded-For are believed (from
# the private networks by default; narrow it with ForwardedHeaders__KnownNetworks__0=10.244.0.0/16 or
# ForwardedHeaders__KnownProxies__0=<ingress address>), so Entra ID sign-in gets an https redirect URI, cookies are
# Secure and HSTS is sent. Pass the browser's Host header through unchanged (ingress-nginx and Application Gateway do).
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    ForwardedHeaders__Enabled=true \
    ConnectionStrings__Dashboard="Data Source=/data/dashboard.db"
COPY --from=build /app .
USER $APP_UID
EXPOSE 8080
# All settings come from environment variables (see README "Configuration"). Sign-in must be chosen: -e Authentication__Mode=EntraId
# with the AzureAd__* settings, or -e Authentication__AllowLocalOutsideDevelopment=true for a demo with the built-in people.
# Probes (no sign-in, status word only): liveness GET /healthz, readiness GET /readyz (database reachable and migrated,
# inventory loaded; a stale inventory answers Degraded with 200). The runtime image has no curl, so no HEALTHCHECK here:
# Kubernetes httpGet probes call them (README "Running in a container"). Data Protection keys live in the database.
ENTRYPOINT ["dotnet", "AksUpgradeDashboard.dll"]
