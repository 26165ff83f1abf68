using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AksUpgradeDashboard.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Rollouts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "RolloutId",
                table: "UpgradeWindows",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WaveIndex",
                table: "UpgradeWindows",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Rollouts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Target = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Query = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    TimeZone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    WindowHours = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Rollouts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RolloutWaves",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RolloutId = table.Column<Guid>(type: "uuid", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RuleKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RuleValue = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Duration = table.Column<TimeSpan>(type: "interval", nullable: false),
                    MaxConcurrentClusters = table.Column<int>(type: "integer", nullable: false),
                    Soak = table.Column<TimeSpan>(type: "interval", nullable: false),
                    WaivedWindowIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    WaivedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    WaivedByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    WaivedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WaiverComment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RolloutWaves", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RolloutWaves_Rollouts_RolloutId",
                        column: x => x.RolloutId,
                        principalTable: "Rollouts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_UpgradeWindows_RolloutId_WaveIndex",
                table: "UpgradeWindows",
                columns: new[] { "RolloutId", "WaveIndex" });

            migrationBuilder.CreateIndex(
                name: "IX_Rollouts_CreatedAtUtc",
                table: "Rollouts",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_RolloutWaves_RolloutId_Order",
                table: "RolloutWaves",
                columns: new[] { "RolloutId", "Order" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RolloutWaves");

            migrationBuilder.DropTable(
                name: "Rollouts");

            migrationBuilder.DropIndex(
                name: "IX_UpgradeWindows_RolloutId_WaveIndex",
                table: "UpgradeWindows");

            migrationBuilder.DropColumn(
                name: "RolloutId",
                table: "UpgradeWindows");

            migrationBuilder.DropColumn(
                name: "WaveIndex",
                table: "UpgradeWindows");
        }
    }
}
