using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksUpgradeDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class Execution : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ExecutionEndedAtUtc",
                table: "UpgradeWindows",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExecutionOutcome",
                table: "UpgradeWindows",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ExecutionStartedAtUtc",
                table: "UpgradeWindows",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExecutionStartedBy",
                table: "UpgradeWindows",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ExecutionSteps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WindowId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Pool = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    NewPool = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OperationUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    NextCheckAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    ErrorCode = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExecutionSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExecutionSteps_UpgradeWindows_WindowId",
                        column: x => x.WindowId,
                        principalTable: "UpgradeWindows",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionSteps_Status",
                table: "ExecutionSteps",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_ExecutionSteps_WindowId_Order",
                table: "ExecutionSteps",
                columns: new[] { "WindowId", "Order" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ExecutionSteps");

            migrationBuilder.DropColumn(
                name: "ExecutionEndedAtUtc",
                table: "UpgradeWindows");

            migrationBuilder.DropColumn(
                name: "ExecutionOutcome",
                table: "UpgradeWindows");

            migrationBuilder.DropColumn(
                name: "ExecutionStartedAtUtc",
                table: "UpgradeWindows");

            migrationBuilder.DropColumn(
                name: "ExecutionStartedBy",
                table: "UpgradeWindows");
        }
    }
}
