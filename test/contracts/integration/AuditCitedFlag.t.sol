// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";

import {AuditRegistry} from "../../../contracts/audit/AuditRegistry.sol";
import {IAuditRegistry} from "../../../contracts/interfaces/IAuditRegistry.sol";
import {ModelRegistry} from "../../../contracts/registry/ModelRegistry.sol";
import {AuditFixture} from "../utils/AuditFixture.sol";

/// @notice A flagging proposal that cites a proven audit (docs/governance.md, docs/audit.md): its batch reads
/// `AuditRegistry.audit(model, version, set)` before `ModelRegistry.flagVersion`, so the timelock executes the flag
/// only when the cited audit is recorded.
contract AuditCitedFlagTest is AuditFixture {
    address internal alice = makeAddr("alice");
    string internal constant REASON = "ipfs://audit-card#fairness";

    function setUp() public {
        _deployAudits();
        _fundAndStake(alice, 3_000_000 ether);
        // checkpoints are read strictly in the past
        vm.warp(block.timestamp + 1);
    }

    function test_flagCitingARecordedAudit_executes() public {
        audits.submitAudit(modelId, 1, setId, circuitId, counts, proof);
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _citedFlag(setId);
        bytes32 descriptionHash = _passAndQueue(targets, values, calldatas, "Flag v1 on its proven audit");

        governor.execute(targets, values, calldatas, descriptionHash);
        assertTrue(registry.version(modelId, 1).flagged, "flagged");
    }

    function test_RevertWhen_flagCitesAnAuditNotRecorded() public {
        // the set exists but no proof of version 1 on it was submitted
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _citedFlag(setId);
        bytes32 descriptionHash = _passAndQueue(targets, values, calldatas, "Flag v1 on an audit nobody proved");

        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditNotRecorded.selector, modelId, 1, setId));
        governor.execute(targets, values, calldatas, descriptionHash);
        assertFalse(registry.version(modelId, 1).flagged, "not flagged");
    }

    function test_RevertWhen_flagCitesAnotherSet() public {
        audits.submitAudit(modelId, 1, setId, circuitId, counts, proof);
        vm.prank(auditor);
        uint256 otherSet = audits.registerAuditSet(setCommitment + 1, 32, 16, keccak256("other"), "ipfs://other");
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _citedFlag(otherSet);
        bytes32 descriptionHash =
            _passAndQueue(targets, values, calldatas, "Flag v1 citing a set it was not audited on");

        vm.expectRevert(abi.encodeWithSelector(IAuditRegistry.AuditNotRecorded.selector, modelId, 1, otherSet));
        governor.execute(targets, values, calldatas, descriptionHash);
    }

    /// @dev The cited flag's batch: the audit read, then the flag.
    function _citedFlag(uint256 auditSetId)
        private
        view
        returns (address[] memory targets, uint256[] memory values, bytes[] memory calldatas)
    {
        targets = new address[](2);
        targets[0] = address(audits);
        targets[1] = address(registry);
        values = new uint256[](2);
        calldatas = new bytes[](2);
        calldatas[0] = abi.encodeCall(AuditRegistry.audit, (modelId, 1, auditSetId));
        calldatas[1] = abi.encodeCall(ModelRegistry.flagVersion, (modelId, 1, REASON));
    }

    function _passAndQueue(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description
    ) private returns (bytes32 descriptionHash) {
        vm.prank(alice);
        uint256 proposalId = governor.propose(targets, values, calldatas, description);
        vm.warp(block.timestamp + VOTING_DELAY + 1);
        vm.prank(alice);
        governor.castVote(proposalId, 1);
        vm.warp(block.timestamp + VOTING_PERIOD);
        descriptionHash = keccak256(bytes(description));
        governor.queue(targets, values, calldatas, descriptionHash);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Queued));
        vm.warp(block.timestamp + TIMELOCK_DELAY);
    }
}
