using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksUpgradeDashboard.Data.Migrations
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WaveIndex",
                table: "UpgradeWindows",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Rollouts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Query = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    WindowHours = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Rollouts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RolloutWaves",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RolloutId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RuleKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RuleValue = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Duration = table.Column<TimeSpan>(type: "TEXT", nullable: false),
                    MaxConcurrentClusters = table.Column<int>(type: "INTEGER", nullable: false),
                    Soak = table.Column<TimeSpan>(type: "TEXT", nullable: false),
                    WaivedWindowIds = table.Column<string>(type: "TEXT", nullable: false),
                    WaivedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    WaivedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    WaivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WaiverComment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
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
